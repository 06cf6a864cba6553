# Adds each listed folder that has a CMakeLists.txt.
function(bbd_add_subdirs_if_present)
  foreach(dir IN LISTS ARGN)
    if(EXISTS "${CMAKE_CURRENT_SOURCE_DIR}/${dir}/CMakeLists.txt")
      add_subdirectory(${dir})
    endif()
  endforeach()
endfunction()

# Adds every immediate child folder of the current source dir that has a
# CMakeLists.txt, in sorted order. Components drop in without editing a
# shared list.
function(bbd_add_all_subdirs)
  file(GLOB children LIST_DIRECTORIES true RELATIVE
       "${CMAKE_CURRENT_SOURCE_DIR}" "${CMAKE_CURRENT_SOURCE_DIR}/*")
  list(SORT children)
  foreach(child IN LISTS children)
    if(IS_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}/${child}" AND
       EXISTS "${CMAKE_CURRENT_SOURCE_DIR}/${child}/CMakeLists.txt")
      add_subdirectory(${child})
    endif()
  endforeach()
endfunction()

# bbd_add_unit_test(NAME SOURCES src... [LIBS lib...] [TIMEOUT s] [LABELS l...])
# A cmocka test executable registered with ctest (label "unit" by default).
function(bbd_add_unit_test name)
  cmake_parse_arguments(T "" "TIMEOUT" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE bbd::cmocka ${T_LIBS})
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 60)
  endif()
  if(NOT T_LABELS)
    set(T_LABELS unit)
  endif()
  add_test(NAME ${name} COMMAND ${name})
  set_tests_properties(${name} PROPERTIES TIMEOUT ${T_TIMEOUT}
                       LABELS "${T_LABELS}")
endfunction()

# bbd_add_plugin(NAME SOURCES src... [LIBS lib...] [OUTPUT_DIR dir] [NOINSTALL])
# A workload plugin: a MODULE library named NAME.so with only the entry
# symbol exported, written to the build's plugins/ folder.
function(bbd_add_plugin name)
  cmake_parse_arguments(P "NOINSTALL" "OUTPUT_DIR" "SOURCES;LIBS" ${ARGN})
  if(NOT P_OUTPUT_DIR)
    set(P_OUTPUT_DIR "${BBD_PLUGIN_OUTPUT_DIR}")
  endif()
  add_library(${name} MODULE ${P_SOURCES})
  set_target_properties(${name} PROPERTIES PREFIX "" OUTPUT_NAME ${name}
    LIBRARY_OUTPUT_DIRECTORY "${P_OUTPUT_DIR}"
    C_VISIBILITY_PRESET hidden)
  target_include_directories(${name} PRIVATE "${PROJECT_SOURCE_DIR}/include")
  target_link_libraries(${name} PRIVATE ${P_LIBS})
  if(NOT P_NOINSTALL)
    install(TARGETS ${name} LIBRARY DESTINATION ${BBD_PLUGIN_INSTALL_DIR})
  endif()
endfunction()
