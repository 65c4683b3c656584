"""Accounts' database tables and queries, token signing and password hashing."""
