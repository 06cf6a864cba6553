# Sets BBD_IT_ENV: the environment of integration tests using lib/bbd.sh.
# Include it from any tests/integration/<x>/CMakeLists.txt (folders are
# added in sorted order, so do not rely on lib/ having been processed):
#   include(${PROJECT_SOURCE_DIR}/tests/integration/lib/bbd_it_env.cmake)
#   add_test(NAME x COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/x.sh)
#   set_tests_properties(x PROPERTIES LABELS integration
#     ENVIRONMENT "${BBD_IT_ENV}" SKIP_RETURN_CODE 77 TIMEOUT 60)
set(BBD_IT_ENV
  "BBD_TEST_LIB=${PROJECT_SOURCE_DIR}/tests/integration/lib"
  "BBD_BIN=${CMAKE_BINARY_DIR}/bin/bbd"
  "BBD_WORKER=${CMAKE_BINARY_DIR}/bin/bbd-worker"
  "BBD_FIXTURES=${CMAKE_BINARY_DIR}/fixtures"
  "BBD_PLUGINS=${BBD_PLUGIN_OUTPUT_DIR}"
  "BBD_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
