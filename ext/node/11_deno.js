// The `Deno` namespace deno_node's polyfills call into (Deno.stat,
// Deno.errors, Deno.env, Deno.build, ...). Route code never sees it:
// there is no global `Deno` (Next.js runs on Node, and libraries that find
// one take Deno code paths). build.rs binds this object as `Deno` inside
// the polyfills instead (runtime/isolate/src/ext_sources.rs), and it never
// carries Deno.core.
//
// What would act on the whole server is replaced: `exit` throws (a route
// cannot end the process), signal listeners are not installed, `env` is
// the app's environment as process.env shows it, kept per isolate.
import { core, internals, primordials } from "ext:core/mod.js";
import { errors } from "ext:edgeroute_node/10_errors.js";

const {
  ObjectAssign,
  ObjectFreeze,
  ObjectHasOwn,
  ObjectKeys,
  SafeMap,
  String,
  Symbol,
  Error,
} = primordials;
const { op_node_build_target, op_node_process_env, op_node_process_ids } =
  core.ops;

// What the server was built for: Deno.build, process.arch, process.platform.
core.setBuildInfo(op_node_build_target());

const load = core.loadExtScript;
const fs = load("ext:deno_fs/30_fs.js");
const os = load("ext:deno_os/30_os.js");
const net = load("ext:deno_net/01_net.js");
const tls = load("ext:deno_net/02_tls.js");
const io = load("ext:deno_io/12_io.js");
const process = load("ext:deno_process/40_process.js");

// The app's environment, filled per isolate (`bootDeno`); writes stay in
// the isolate, as they would in one Node process.
let vars = new SafeMap();

const env = ObjectFreeze({
  get(key) {
    return vars.get(String(key));
  },
  set(key, value) {
    vars.set(String(key), String(value));
  },
  has(key) {
    return vars.has(String(key));
  },
  delete(key) {
    vars.delete(String(key));
  },
  toObject() {
    const out = {};
    for (const { 0: key, 1: value } of vars) {
      out[key] = value;
    }
    return out;
  },
});

const internal = Symbol("Deno.internal");

const Deno = {};
ObjectAssign(Deno, io, fs, net, tls, process);
// From deno_os only what reads the system; its `exit`, `env` and signal
// listeners would act on the server process.
for (const name of ObjectKeys(os)) {
  if (
    name !== "exit" && name !== "env" && name !== "setExitHandler" &&
    !ObjectHasOwn(Deno, name)
  ) {
    Deno[name] = os[name];
  }
}
ObjectAssign(Deno, {
  errors,
  build: core.build,
  env,
  internal,
  [internal]: {},
  noColor: true,
  args: [],
  mainModule: undefined,
  pid: 0,
  ppid: 0,
  version: { v8: "", typescript: "" },
  exit() {
    const error = new Error(
      "process.exit() was called in a route handler: a route cannot end the server. Return a Response (or throw) instead.",
    );
    error.code = "ERR_EDGEROUTE_PROCESS_EXIT";
    throw error;
  },
  addSignalListener() {},
  removeSignalListener() {},
});

/** Per isolate, before deno_node runs: the route and its environment. */
function bootDeno(mainModule) {
  vars = new SafeMap();
  const initial = op_node_process_env();
  for (const key of ObjectKeys(initial)) {
    vars.set(key, initial[key]);
  }
  const { 0: pid, 1: ppid } = op_node_process_ids();
  Deno.pid = pid;
  Deno.ppid = ppid;
  Deno.mainModule = mainModule;
  internals.edgerouteDeno = Deno;
}

internals.edgerouteDeno = Deno;

export { bootDeno, Deno };
