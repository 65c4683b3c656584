"""Test support for the platform's tests: services in process or as processes, a
cuttable TCP proxy, tokens minted like accounts mints them. Never shipped in an image."""
