/*
 * The run list's shortcuts (bbd_store_run_list): the total read from the
 * per-state counts, and tags read with one range query for a dense page,
 * must give exactly what counting the runs table and reading each run's
 * tags give, also when the filter leaves out runs between the page's ids
 * and when the page is sparse.
 */
#include "store_test_util.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "err.h"

/* Every run's tags as bbd_store_run_get reads them (one query per run). */
static void check_page(test_env_t *t, const bbd_store_run_list_t *l) {
  for (size_t i = 0; i < l->count; i++) {
    bbd_store_run_t *r = NULL;
    assert_int_equal(
        bbd_store_run_get(t->st, l->items[i].id, &r, t->err, sizeof t->err), 0);
    assert_int_equal(l->items[i].n_tags, r->n_tags);
    for (size_t k = 0; k < r->n_tags; k++) {
      assert_string_equal(l->items[i].tags[k].key, r->tags[k].key);
      assert_string_equal(l->items[i].tags[k].value, r->tags[k].value);
    }
    bbd_store_run_free(r);
  }
}

static void test_list_tags_and_totals(void **state) {
  test_env_t *t = *state;
  /* 300 runs: run i has i % 4 tags; every third one is cancelled. */
  for (int i = 0; i < 300; i++) {
    char v[4][32];
    bbd_store_tag_t tags[4];
    static const char *const keys[] = {"branch", "a", "zz", "m"};
    for (int k = 0; k < i % 4; k++) {
      snprintf(v[k], sizeof v[k], "v%d-%d", i, k);
      tags[k].key = keys[k];
      tags[k].value = v[k];
    }
    int64_t id = mk_run(t, tags, (size_t)(i % 4));
    assert_true(id > 0);
    if (i % 3 == 0)
      assert_int_equal(bbd_store_run_set_state(t->st, id,
                                               BBD_STORE_RUN_CANCELLED, NULL,
                                               t->err, sizeof t->err),
                       0);
  }
  bbd_store_run_filter_t f = {0};
  bbd_store_run_list_t *l = NULL;
  /* Unfiltered, newest first: dense. */
  f.limit = 50;
  assert_int_equal(bbd_store_run_list(t->st, &f, &l, t->err, sizeof t->err), 0);
  assert_int_equal(l->total, 300);
  assert_int_equal(l->count, 50);
  check_page(t, l);
  bbd_store_run_list_free(l);
  /* Queued only, oldest first: dense, with cancelled runs in between. */
  f.state_mask = 1u << BBD_STORE_RUN_QUEUED;
  f.oldest_first = 1;
  f.limit = 100;
  assert_int_equal(bbd_store_run_list(t->st, &f, &l, t->err, sizeof t->err), 0);
  assert_int_equal(l->total, 200);
  assert_int_equal(l->count, 100);
  check_page(t, l);
  bbd_store_run_list_free(l);
  /* Two states: the sum of both counts. */
  f.state_mask |= 1u << BBD_STORE_RUN_CANCELLED;
  assert_int_equal(bbd_store_run_list(t->st, &f, &l, t->err, sizeof t->err), 0);
  assert_int_equal(l->total, 300);
  bbd_store_run_list_free(l);
  /* A tag filter: sparse ids, counted from the runs table. */
  bbd_store_tag_t want = {"zz", "v299-2"};
  memset(&f, 0, sizeof f);
  f.tags = &want;
  f.n_tags = 1;
  assert_int_equal(bbd_store_run_list(t->st, &f, &l, t->err, sizeof t->err), 0);
  assert_int_equal(l->total, 1);
  assert_int_equal(l->count, 1);
  assert_int_equal(l->items[0].id, 300);
  check_page(t, l);
  bbd_store_run_list_free(l);
  /* Cancelled only, small limit over a long span: sparse. */
  memset(&f, 0, sizeof f);
  f.state_mask = 1u << BBD_STORE_RUN_CANCELLED;
  f.limit = 5;
  f.offset = 10;
  assert_int_equal(bbd_store_run_list(t->st, &f, &l, t->err, sizeof t->err), 0);
  assert_int_equal(l->total, 100);
  assert_int_equal(l->count, 5);
  check_page(t, l);
  bbd_store_run_list_free(l);
  /* Totals stay exact after a delete. */
  assert_int_equal(bbd_store_run_delete(t->st, 1, t->err, sizeof t->err), 0);
  memset(&f, 0, sizeof f);
  assert_int_equal(bbd_store_run_list(t->st, &f, &l, t->err, sizeof t->err), 0);
  assert_int_equal(l->total, 299);
  bbd_store_run_list_free(l);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_list_tags_and_totals, store_setup,
                                      store_teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
