"""Hand-written runtime under the generated `ai302_client`: errors, retries, images, polling.

The generated package imports from here and re-exports it; this package never imports
the generated one, so regenerating the client cannot break it.
"""
