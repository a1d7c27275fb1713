-- wrk script: every request carries the next cookie of the file named by $COOKIES (one "name=value" a line),
-- so the load comes from many logged-in users, as many open tabs would.
local cookies = {}
for line in io.lines(os.getenv("COOKIES")) do
  cookies[#cookies + 1] = line
end
local i = 0

function init(args)
  i = math.random(#cookies)
end

function request()
  i = i % #cookies + 1
  return wrk.format("GET", nil, { ["Cookie"] = cookies[i] })
end
