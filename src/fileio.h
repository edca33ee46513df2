/* SPDX-License-Identifier: ISC */
/*
 * fileio: whole-file reads with a size cap, and the one way feedd writes a
 * file: a temp file in the same folder, fsync, rename, fsync of the folder.
 */
#ifndef FEEDD_FILEIO_H
#define FEEDD_FILEIO_H

#include <stddef.h>
#include <stdint.h>

struct buf;

/* Temp files start with this; readers of a folder skip them. */
#define FILEIO_TEMP_PREFIX	".tmp."

/*
 * Read the regular file name (relative to dirfd, or AT_FDCWD) into out,
 * which is reset first and whose cap bounds the size.  Returns 0, or -1
 * with *cause set (the caller frees it).
 */
int	file_read_at(int dirfd, const char *name, struct buf *out,
	    char **cause);
/*
 * Read the open fd to its end into out (whose cap bounds it); size, what
 * the file is expected to hold, is only a hint.  -1 with *cause.
 */
int	file_read_fd(int fd, size_t size, struct buf *out, char **cause);
/* The same, with what fstat(2) said of the file in *st. */
struct stat;
int	file_read_stat(int dirfd, const char *name, struct buf *out,
	    struct stat *st, char **cause);
/* write(2) all of data to fd, through EINTR; -1 with errno on failure. */
int	file_write_all(int fd, const void *data, size_t len);
/*
 * Replace dir/name with data so that a crash at any moment leaves the old
 * file or the new one, never a torn one.  Returns 0, or -1 with *cause set
 * (the caller frees it); on failure no temp file is left behind.
 */
int	file_write_atomic(const char *dir, const char *name, const void *data,
	    size_t len, char **cause);

/*
 * A batch of files written together (DESIGN.md, "in groups"): each add
 * writes a temp file; the commit syncs them all with one syncfs(2),
 * renames them into place, and syncs the folder once.  A crash before the
 * commit leaves only temp files, which the next store_open removes.
 */
struct file_batch;

/* A batch for the folder dir; NULL with *cause if it cannot be opened. */
struct file_batch	*file_batch_new(const char *dir, char **cause);
/*
 * Write data as the temp file of name, with the modification time mtime
 * (seconds; 0 leaves it alone).  -1 with *cause on failure.
 */
int			 file_batch_add(struct file_batch *, const char *name,
			     const void *data, size_t len, int64_t mtime,
			     char **cause);
/* How many files wait for the commit. */
size_t			 file_batch_count(const struct file_batch *);
/*
 * Sync, rename, sync the folder; -1 with *cause on failure, the files not
 * yet renamed kept for the next commit.  Touches only the batch (no log,
 * no global), so it may run on another thread than the one that filled it.
 */
int			 file_batch_commit(struct file_batch *, char **cause);
/*
 * Move the files that src holds (written, not yet in place) to dst, to be
 * committed with it; src is left empty.  Both are of the same folder.
 */
void			 file_batch_take(struct file_batch *dst,
			     struct file_batch *src);
/* Free the batch; temp files not committed are removed. */
void			 file_batch_free(struct file_batch *);

#endif
