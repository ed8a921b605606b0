"""The web server's own layer: request guards, access control and the auto-save session store."""
