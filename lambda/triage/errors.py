"""One error root for the core, so the transport can tell our failures from anything else."""


class TriageError(Exception):
    """Base of every error the core raises on purpose."""


class ContentError(TriageError):
    """A content file is missing, malformed, or its ids do not cross-reference."""


class InvalidState(TriageError):
    """Conversation state that is missing, stale (old version) or tampered with."""
