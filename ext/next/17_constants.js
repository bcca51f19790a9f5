// `next/constants`: the phases next.config and cache handlers are told
// about (Next.js's documented part of the module). edgeroute serves what
// `next build` made, so code asking sees `phase-production-server`.
(function () {
return {
  PHASE_EXPORT: "phase-export",
  PHASE_ANALYZE: "phase-analyze",
  PHASE_PRODUCTION_BUILD: "phase-production-build",
  PHASE_PRODUCTION_SERVER: "phase-production-server",
  PHASE_DEVELOPMENT_SERVER: "phase-development-server",
  PHASE_TEST: "phase-test",
  PHASE_INFO: "phase-info",
};
})();
