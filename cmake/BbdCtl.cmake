# bbctl, the CLI of bbd. Included by the top-level CMakeLists.txt when
# bbctl.c exists. Everything but main() lives in the static library
# bbctl_core so the unit tests in tests/unit/bbctl/ link the same code.
file(GLOB BBCTL_CORE_SOURCES CONFIGURE_DEPENDS
     "${PROJECT_SOURCE_DIR}/bbctl/*.c")
add_library(bbctl_core STATIC ${BBCTL_CORE_SOURCES})
target_include_directories(bbctl_core PUBLIC "${PROJECT_SOURCE_DIR}/bbctl")
target_compile_definitions(bbctl_core PUBLIC
                           BBCTL_VERSION="${PROJECT_VERSION}")
target_link_libraries(bbctl_core PUBLIC bbd::curl bbd::cjson bbd::common m)
# Messages and table cells are built in fixed buffers and cut on purpose
# when a daemon sends something long; the places where a cut would change
# meaning (URLs, paths, keys) check snprintf's return value.
# (GCC only: clang has no such warning and rejects the flag.)
if(CMAKE_C_COMPILER_ID STREQUAL "GNU")
  target_compile_options(bbctl_core PRIVATE -Wno-format-truncation)
endif()
# Offline `compare --from-dir` uses the same statistics as the daemon when
# the stats module is part of the tree.
if(TARGET bbd::stats)
  target_link_libraries(bbctl_core PUBLIC bbd::stats)
  target_compile_definitions(bbctl_core PUBLIC BBCTL_HAVE_STATS=1)
endif()

add_executable(bbctl "${PROJECT_SOURCE_DIR}/bbctl.c")
target_link_libraries(bbctl PRIVATE bbctl_core)
install(TARGETS bbctl RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
