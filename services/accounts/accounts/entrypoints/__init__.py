"""How the outside world reaches accounts: HTTP routes, event consumers, operator commands."""
