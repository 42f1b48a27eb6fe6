"""Job postings: content, compliance screening, review and lifecycle."""
