"""The transparent 1×1 GIF that counts without JavaScript: the readers'
beacon fallback (analytics) and a newsletter's open (newsletter)."""

GIF = bytes.fromhex("47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b")
