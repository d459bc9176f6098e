"""The wizard's steps, one module each (Textual lives here and in wizard/app.py only)."""
