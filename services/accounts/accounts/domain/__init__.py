"""What accounts' rules say, without I/O: password policy, company numbers, single-use
links, throttling, who may do what, and the refusals they raise."""
