// Makes every route handler call go through next/*'s runner (NextRequest,
// request store, navigation errors, cookie merging).
import { core } from "ext:core/mod.js";
import { setHandlerCaller } from "ext:edgeroute_http/03_serve.js";

const { callHandler } = core.loadExtScript("ext:edgeroute_next/05_handler.js");
setHandlerCaller(callHandler);
// Load the public modules now, so they are part of the snapshot.
core.loadExtScript("ext:edgeroute_next/10_server.js");
core.loadExtScript("ext:edgeroute_next/11_headers.js");
core.loadExtScript("ext:edgeroute_next/12_navigation.js");
core.loadExtScript("ext:edgeroute_next/13_cache.js");
