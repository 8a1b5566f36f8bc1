//! A loopback HTTP server for tests (written next).
