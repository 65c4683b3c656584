"""The whole platform in one process for development: `make run`."""
