"""Offline mock of the 302.AI avatar and portrait endpoints."""
