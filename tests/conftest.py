"""Tests never touch the real home folder or AWS: the skill's store is the in-memory one unless a test says otherwise."""
import os

os.environ.setdefault("LEG_CRAMP_STORE", "memory")
