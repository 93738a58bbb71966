"""Local stand-ins for outside services: small WSGI apps that speak the same HTTP as the real
thing, for local mode and for tests that go over real HTTP instead of mocking clients."""
