"""How the outside world reaches enrollment: HTTP routes, consumers, background scans."""
