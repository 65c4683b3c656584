"""How the outside world reaches billing: the REST API and the consumed events."""
