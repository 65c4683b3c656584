"""Test support for the platform's tests: services in process or as processes, a
cuttable TCP proxy, tokens minted like accounts mints them, throwaway databases; the
fault suite's rig (`testkit.faults`) and the security suite's platform
(`testkit.platform`). A dev dependency, never shipped in an image; it imports no
service: a test's conftest.py hands the service definitions in."""
