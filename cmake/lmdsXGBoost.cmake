# The XGBoost C API as the imported target lmds::xgboost. Debian's libxgboost-dev ships an xgboost-config.cmake
# whose targets name /usr/bin/xgboost (a different package), so the library and header are found directly. Used
# by the build and by the installed lmdsConfig.cmake.
if(NOT TARGET lmds::xgboost)
  find_library(LMDS_XGBOOST_LIBRARY xgboost)
  find_path(LMDS_XGBOOST_INCLUDE_DIR xgboost/c_api.h)
  if(LMDS_XGBOOST_LIBRARY AND LMDS_XGBOOST_INCLUDE_DIR)
    add_library(lmds::xgboost UNKNOWN IMPORTED)
    set_target_properties(lmds::xgboost PROPERTIES IMPORTED_LOCATION "${LMDS_XGBOOST_LIBRARY}"
                          INTERFACE_INCLUDE_DIRECTORIES "${LMDS_XGBOOST_INCLUDE_DIR}")
  endif()
endif()
