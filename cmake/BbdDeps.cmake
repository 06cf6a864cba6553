# Finds every dependency from Debian packages and exposes it as an imported
# target bbd::<name>. A missing dependency stops configure with a message that
# names the Debian package and the script that installs it.
find_package(PkgConfig)
if(NOT PKG_CONFIG_FOUND)
  message(FATAL_ERROR
    "pkg-config not found: install the Debian package 'pkg-config' "
    "(or run scripts/install-deps)")
endif()

# bbd_pkg(<target> <pkg-config module> <debian package>)
function(bbd_pkg target module debpkg)
  pkg_check_modules(BBD_PC_${target} QUIET IMPORTED_TARGET GLOBAL ${module})
  if(NOT BBD_PC_${target}_FOUND)
    message(FATAL_ERROR
      "Missing dependency '${module}': install the Debian package "
      "'${debpkg}' (or run scripts/install-deps)")
  endif()
  add_library(bbd::${target} ALIAS PkgConfig::BBD_PC_${target})
endfunction()

# bbd_lib(<target> <header> <library> <debian package>) for libraries that
# ship no pkg-config file (libpfm4, http-parser).
function(bbd_lib target header library debpkg)
  find_path(BBD_INC_${target} NAMES ${header})
  find_library(BBD_LIB_${target} NAMES ${library})
  if(NOT BBD_INC_${target} OR NOT BBD_LIB_${target})
    message(FATAL_ERROR
      "Missing dependency '${library}' (${header}): install the Debian "
      "package '${debpkg}' (or run scripts/install-deps)")
  endif()
  add_library(bbd::${target} UNKNOWN IMPORTED GLOBAL)
  set_target_properties(bbd::${target} PROPERTIES
    IMPORTED_LOCATION "${BBD_LIB_${target}}"
    INTERFACE_INCLUDE_DIRECTORIES "${BBD_INC_${target}}")
endfunction()

bbd_pkg(uv libuv libuv1-dev)
bbd_pkg(cjson libcjson libcjson-dev)
bbd_pkg(sqlite3 sqlite3 libsqlite3-dev)
bbd_pkg(curl libcurl libcurl4-openssl-dev)
bbd_pkg(nghttp2 libnghttp2 libnghttp2-dev)
bbd_pkg(pcap libpcap libpcap-dev)
bbd_lib(pfm perfmon/pfmlib_perf_event.h pfm libpfm4-dev)
bbd_lib(http_parser http_parser.h http_parser libhttp-parser-dev)
if(BBD_BUILD_TESTS)
  bbd_pkg(cmocka cmocka libcmocka-dev)
endif()

find_package(Threads REQUIRED)
set(BBD_DL_LIBS ${CMAKE_DL_LIBS})
