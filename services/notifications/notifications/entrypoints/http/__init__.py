"""Notifications' REST API: its routers."""

from notifications.entrypoints.http import messages

ROUTERS = [messages.router]
