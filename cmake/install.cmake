# Installation: the library (shared, with SONAME liblmds.so.<major>, and static), the headers, the program, the
# data folder with the generated genome, a pkg-config file and a CMake package (find_package(lmds) gives
# lmds::lmds and lmds::lmds_static). Paths follow GNUInstallDirs, so on Debian with prefix /usr the libraries go
# to lib/<multiarch triplet>. Configure with the prefix you install to: the library looks for its data in
# ${CMAKE_INSTALL_FULL_DATADIR}/lmds (or LMDS_DATA_DIR).
include(CMakePackageConfigHelpers)

set(LMDS_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/lmds)

install(TARGETS lmds lmds_static EXPORT lmdsTargets
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS lmds_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES include/lmds.h DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY include/lmds DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
# A genome left in data/ by an older build is not installed: the one installed is the build's own.
install(DIRECTORY data/ DESTINATION ${CMAKE_INSTALL_DATADIR}/lmds PATTERN "genome.sqlite*" EXCLUDE)
if(TARGET genome)
  install(FILES ${LMDS_GENOME} DESTINATION ${CMAKE_INSTALL_DATADIR}/lmds)
endif()

# CMake package: the targets, and the dependencies that the static library (and the shared library's link
# dependencies) need from the consumer's side.
install(EXPORT lmdsTargets NAMESPACE lmds:: DESTINATION ${LMDS_CMAKE_DIR})
configure_package_config_file(cmake/lmdsConfig.cmake.in ${CMAKE_BINARY_DIR}/lmdsConfig.cmake
                              INSTALL_DESTINATION ${LMDS_CMAKE_DIR})
write_basic_package_version_file(${CMAKE_BINARY_DIR}/lmdsConfigVersion.cmake COMPATIBILITY SameMajorVersion)
install(FILES ${CMAKE_BINARY_DIR}/lmdsConfig.cmake ${CMAKE_BINARY_DIR}/lmdsConfigVersion.cmake
              ${CMAKE_SOURCE_DIR}/cmake/lmdsXGBoost.cmake DESTINATION ${LMDS_CMAKE_DIR})

# pkg-config: absolute paths of the prefix actually installed to (`cmake --install --prefix P` included), so the
# file is written when installing. A staged install (DESTDIR) is used with PKG_CONFIG_SYSROOT_DIR=$DESTDIR.
foreach(d LIBDIR INCLUDEDIR)
  if(IS_ABSOLUTE "${CMAKE_INSTALL_${d}}")
    set(LMDS_PC_${d} "${CMAKE_INSTALL_${d}}")
  else()
    set(LMDS_PC_${d} "\${prefix}/${CMAKE_INSTALL_${d}}")
  endif()
endforeach()
# What a static link needs beyond the Requires.private packages.
set(LMDS_PC_LIBS_PRIVATE "-lxgboost ${OpenMP_C_FLAGS} -pthread -lm")
if(LMDS_WITH_MPI)
  foreach(l ${MPI_C_LIBRARIES})
    string(APPEND LMDS_PC_LIBS_PRIVATE " ${l}")
  endforeach()
endif()
set(LMDS_PC_OUT ${CMAKE_BINARY_DIR}/lmds.pc)
# Bracket arguments keep the literal ${prefix} of the .pc file out of the install script's expansion.
install(CODE "
  set(LMDS_PC_LIBDIR [=[${LMDS_PC_LIBDIR}]=])
  set(LMDS_PC_INCLUDEDIR [=[${LMDS_PC_INCLUDEDIR}]=])
  set(LMDS_PC_LIBS_PRIVATE \"${LMDS_PC_LIBS_PRIVATE}\")
  set(PROJECT_VERSION \"${PROJECT_VERSION}\")
  configure_file(\"${CMAKE_SOURCE_DIR}/cmake/lmds.pc.in\" \"${LMDS_PC_OUT}\" @ONLY)
")
install(FILES ${LMDS_PC_OUT} DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
