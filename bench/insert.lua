-- wrk script of the reference of figure B3: an authenticated POST that inserts one row.
--   BENCH_TOKEN=<an API token> wrk ... -s bench/insert.lua http://host:port/insert/
wrk.method = "POST"
wrk.headers["Authorization"] = "Token " .. os.getenv("BENCH_TOKEN")
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"choice": "yes"}'
