"""Pydantic models of every file normcheck reads and every result it produces."""
