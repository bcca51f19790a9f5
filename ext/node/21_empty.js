// The module a package's `browser` field maps to `false` on the edge
// runtime: no exports (a default export of an empty object, as bundlers
// give).
(function () {
return { default: {} };
})();
