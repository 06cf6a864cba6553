/*
 * Replays a fuzz target's corpus without libFuzzer: every regular file in
 * the directories (or files) named on the command line is passed once to
 * LLVMFuzzerTestOneInput. Used by non-clang builds so the seed corpus is
 * checked by every build.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Inputs larger than this are skipped: fuzz seeds are small. */
#define REPLAY_MAX_INPUT (16u << 20)

static int replay_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) {
    perror(path);
    return -1;
  }
  uint8_t *buf = malloc(REPLAY_MAX_INPUT);
  if (buf == NULL) {
    fclose(f);
    return -1;
  }
  size_t n = fread(buf, 1, REPLAY_MAX_INPUT, f);
  fclose(f);
  /* Copy into an exact-size allocation so ASan catches reads past the end. */
  uint8_t *exact = malloc(n ? n : 1);
  if (exact == NULL) {
    free(buf);
    return -1;
  }
  memcpy(exact, buf, n);
  free(buf);
  LLVMFuzzerTestOneInput(exact, n);
  free(exact);
  return 0;
}

static int replay_path(const char *path, unsigned *count) {
  struct stat st;
  if (stat(path, &st) != 0) {
    perror(path);
    return -1;
  }
  if (!S_ISDIR(st.st_mode)) {
    (*count)++;
    return replay_file(path);
  }
  DIR *d = opendir(path);
  if (d == NULL) {
    perror(path);
    return -1;
  }
  int rc = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.')
      continue;
    char child[4096];
    int n = snprintf(child, sizeof child, "%s/%s", path, e->d_name);
    if (n < 0 || (size_t)n >= sizeof child)
      continue;
    if (replay_path(child, count) != 0)
      rc = -1;
  }
  closedir(d);
  return rc;
}

int main(int argc, char **argv) {
  unsigned count = 0;
  int rc = 0;
  for (int i = 1; i < argc; i++)
    if (replay_path(argv[i], &count) != 0)
      rc = 1;
  printf("replayed %u inputs\n", count);
  return rc != 0 || count == 0;
}
