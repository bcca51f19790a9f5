-- benches/handlers: POST /echo with the item of lib/item.json.
wrk.method = "POST"
wrk.headers["content-type"] = "application/json"
wrk.body = '{"name":"widget","price":9.5,"tags":["blue","small"],"stock":{"count":3,"warehouse":"north"}}'
