"""Clients for outside services, and local stand-ins that speak the same protocols."""
