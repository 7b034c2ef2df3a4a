"""Generator backends behind one interface: templates, any OpenAI-compatible endpoint, the local M1."""
