// The error classes ops throw by name (deno_error's classes: "NotFound",
// "PermissionDenied", ...), so that an fs or net failure reaches deno_node
// as the class its Node error mapping looks for (ENOENT, EACCES, ...).
// deno_core provides BadResource, Interrupted and NotCapable itself.
import { core, primordials } from "ext:core/mod.js";

const { Error, ObjectFreeze } = primordials;

const NAMES = [
  "NotFound",
  "PermissionDenied",
  "ConnectionRefused",
  "ConnectionReset",
  "ConnectionAborted",
  "NotConnected",
  "AddrInUse",
  "AddrNotAvailable",
  "BrokenPipe",
  "AlreadyExists",
  "InvalidData",
  "TimedOut",
  "WriteZero",
  "WouldBlock",
  "UnexpectedEof",
  "Http",
  "Busy",
  "NotSupported",
  "FilesystemLoop",
  "IsADirectory",
  "NetworkUnreachable",
  "NotADirectory",
];

const errors = {
  BadResource: core.BadResource,
  Interrupted: core.Interrupted,
  NotCapable: core.NotCapable,
};

for (let i = 0; i < NAMES.length; i++) {
  const name = NAMES[i];
  // A class per name, with that name (as `class X extends Error` gives).
  const ErrorClass = {
    [name]: class extends Error {
      constructor(message, options) {
        super(message, options);
        this.name = name;
      }
    },
  }[name];
  errors[name] = ErrorClass;
  core.registerErrorClass(name, ErrorClass);
}

ObjectFreeze(errors);

export { errors };
