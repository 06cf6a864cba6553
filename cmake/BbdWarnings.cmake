# Compiler flags shared by every target: warnings, optional -Werror and
# sanitizers. Applied globally so plugins and tests get the same treatment.
add_compile_options(-Wall -Wextra -Wformat=2 -Wshadow -Wstrict-prototypes
                    -Wmissing-prototypes -Wno-unused-parameter)
add_compile_definitions(_GNU_SOURCE)
if(BBD_WERROR)
  add_compile_options(-Werror)
endif()
if(BBD_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
if(BBD_FUZZ)
  # libFuzzer only sees coverage from instrumented code. Instrument every
  # target, not just the harnesses, so the fuzzers get feedback from the
  # parsers they drive (libbebytes, the HTTP server, the codecs, bbdump).
  # Binaries linked without -fsanitize=fuzzer get the coverage hooks' weak
  # defaults from the sanitizer runtime.
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
