/* The benchmark's anchor for reading the files (bench-reconcile.py): the least any tool that
   reads these YAML files must do. Reads every *.yaml file under DIR and runs libyaml's event
   parser over it, on every core, building nothing.
   Build: cc -O2 -o yaml-floor yaml-floor.c -lyaml -lpthread    Usage: yaml-floor DIR */
#define _GNU_SOURCE
#include <yaml.h>
#include <ftw.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char **paths; static size_t count, room;
static size_t next; static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static int collect(const char *path, const struct stat *st, int type, struct FTW *ftw) {
    (void)st; (void)ftw;
    size_t n = strlen(path);
    if (type == FTW_F && n > 5 && strcmp(path + n - 5, ".yaml") == 0) {
        if (count == room) { room = room ? room * 2 : 1024; paths = realloc(paths, room * sizeof *paths); }
        paths[count++] = strdup(path);
    }
    return 0;
}

static void *work(void *arg) {
    long events = 0; (void)arg;
    for (;;) {
        pthread_mutex_lock(&lock); size_t i = next++; pthread_mutex_unlock(&lock);
        if (i >= count) break;
        FILE *f = fopen(paths[i], "rb"); if (!f) { perror(paths[i]); exit(1); }
        fseek(f, 0, SEEK_END); long size = ftell(f); rewind(f);
        unsigned char *bytes = malloc(size ? size : 1);
        if (fread(bytes, 1, size, f) != (size_t)size) { perror(paths[i]); exit(1); }
        fclose(f);
        yaml_parser_t parser; yaml_event_t event;
        yaml_parser_initialize(&parser);
        yaml_parser_set_input_string(&parser, bytes, size);
        for (int done = 0; !done; ) {
            if (!yaml_parser_parse(&parser, &event)) { fprintf(stderr, "%s: YAML error\n", paths[i]); exit(1); }
            done = event.type == YAML_STREAM_END_EVENT; events++;
            yaml_event_delete(&event);
        }
        yaml_parser_delete(&parser); free(bytes);
    }
    return (void *)events;
}

int main(int argc, char **argv) {
    if (argc != 2) { fprintf(stderr, "usage: yaml-floor DIR\n"); return 2; }
    nftw(argv[1], collect, 64, FTW_PHYS);
    long cores = sysconf(_SC_NPROCESSORS_ONLN), events = 0;
    pthread_t threads[256];
    if (cores > 256) cores = 256;
    for (long t = 0; t < cores; t++) pthread_create(&threads[t], NULL, work, NULL);
    for (long t = 0; t < cores; t++) { void *n; pthread_join(threads[t], &n); events += (long)n; }
    printf("%zu files, %ld events, %ld threads\n", count, events, cores);
    return 0;
}
