/* Fixture: bbd_plugin_init itself crashes; describe must report ECRASH with
 * the signal instead of dying. */
#include <bbd/plugin.h>
#include <stdint.h>

BBD_PLUGIN_EXPORT int bbd_plugin_init(const bbd_host_t *host,
                                      const bbd_plugin_t **out, char *err,
                                      size_t errlen) {
  volatile uintptr_t addr = 0; /* opaque to the optimizer */
  *(volatile int *)addr = 1;   /* SIGSEGV */
  return 1;
}
