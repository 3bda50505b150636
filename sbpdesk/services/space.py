"""Disk-full detection for the layers above services (the UI may not import `sbpdesk.db`)."""
from sbpdesk.db.space import MIN_FREE, disk_full_error, free_bytes, is_disk_full, low_on_space

__all__ = ["MIN_FREE", "disk_full_error", "free_bytes", "is_disk_full", "low_on_space"]
