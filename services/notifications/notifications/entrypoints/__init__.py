"""How the outside world reaches notifications: its API, its consumers, its delivery loop."""
