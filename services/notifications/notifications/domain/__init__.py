"""Notifications' rules without I/O: which messages exist, who is owed which, how they read."""
