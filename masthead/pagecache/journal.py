"""Purges between processes on one machine without Redis.

Without Redis each process keeps the page store in its own memory. The web
server purges its own store when an editor publishes through it, but the
clock (scheduled go-lives), the task worker (related stories) and
management commands run in other processes. Each purge is therefore also
appended to a small file in the data folder; before each lookup a process
compares the file's size with what it has read (one `stat`), and applies
the purges other processes wrote since. When the file grows past a limit
the writer starts a new one; a reader that sees a new file empties its
store, as it cannot know what it missed."""

import os
import threading

LIMIT = 1 << 20  # bytes before the file is started afresh


class Journal:
    def __init__(self, path):
        self.path = str(path)
        self.lock = threading.Lock()
        self.inode = None
        self.offset = None

    def record(self, tags) -> None:
        line = f"{os.getpid()} {' '.join(tags)}\n".encode()
        os.makedirs(os.path.dirname(self.path) or ".", exist_ok=True)
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, line)  # one write under O_APPEND: lines never interleave
            size = os.fstat(fd).st_size
        finally:
            os.close(fd)
        if size > LIMIT:
            fresh = f"{self.path}.{os.getpid()}"
            open(fresh, "wb").close()
            os.replace(fresh, self.path)

    def news(self):
        """Tag lists other processes purged since the last call; None when
        the file was started afresh (purge everything)."""
        try:
            status = os.stat(self.path)
        except FileNotFoundError:
            with self.lock:
                if self.offset is None:  # no purge yet: read the file from its start once it exists
                    self.inode, self.offset = None, 0
            return []
        if status.st_ino == self.inode and status.st_size == self.offset:
            return []
        with self.lock:
            if self.offset is None:  # first look: this process's store is empty anyway
                self.inode, self.offset = status.st_ino, status.st_size
                return []
            if self.inode is None:  # the file was created since the last look
                self.inode = status.st_ino
            elif status.st_ino != self.inode:
                self.inode, self.offset = status.st_ino, 0
                return None
            with open(self.path, "rb") as f:
                f.seek(self.offset)
                data = f.read(status.st_size - self.offset)
            complete = data[: data.rfind(b"\n") + 1]
            self.offset += len(complete)
        me = str(os.getpid())
        found = []
        for line in complete.decode().splitlines():
            pid, _, tags = line.partition(" ")
            if pid != me and tags:
                found.append(tags.split(" "))
        return found
