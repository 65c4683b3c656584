"""Notifications' tables, its queries on messages, and the gateways that build and send mail."""
