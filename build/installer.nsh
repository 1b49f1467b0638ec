; Keyhaven additions to electron-builder's NSIS installer (electron-builder.yml: nsis.include).
;
; Silent deployment with the organisation's settings (docs/deploy.md):
;   Keyhaven-Setup-x.y.z.exe /S /BACKENDURL=https://vault.acme.com /SSODOMAIN=acme.com
;                            /SSOCONNECTION=acme-okta /AUTOSTART=1 /STARTHIDDEN=1
; writes %ProgramData%\Keyhaven\managed.json (CSIDL_COMMON_APPDATA\Keyhaven\managed.json) with only the
; keys given. Without any of these parameters (an interactive install, or an upgrade run without them) an
; existing managed.json is left exactly as it is.
; Uninstall: "Uninstall Keyhaven.exe" /S keeps managed.json; add /REMOVECONFIG=1 to delete it.
;
; Values are copied as given; the app validates them and shows the administrator-facing banner
; when one is wrong, so a typo is visible instead of silently dropped.
; test/unit/app/installer-args-model.ts mirrors this logic step for step; test/unit/app/installer-nsh.test.ts
; checks the model and compiles this file with makensis when it is installed.
;
; Why not ${GetOptions}: it treats every unquoted "/" as the start of the next option, so
; /BACKENDURL=https://vault.acme.com would arrive as "https:". KeyhavenGetArg below reads a value
; up to the next space (or between double quotes) instead.

!include "FileFunc.nsh"
!include "LogicLib.nsh"

!define KEYHAVEN_CONFIG_DIR "$KeyhavenProgramData\Keyhaven"
!define KEYHAVEN_MANAGED_JSON "$KeyhavenProgramData\Keyhaven\managed.json"
!define KEYHAVEN_RUN_KEY "Software\Microsoft\Windows\CurrentVersion\Run"

; %ProgramData% (CSIDL_COMMON_APPDATA, which NSIS has no constant for), found the same way the app
; finds it (main/app/managed-config-paths.ts): the environment variable, else Windows' default.
Var KeyhavenProgramData
!macro KEYHAVEN_FIND_PROGRAMDATA
  ReadEnvStr $KeyhavenProgramData "ProgramData"
  ${If} $KeyhavenProgramData == ""
    StrCpy $KeyhavenProgramData "C:\ProgramData"
  ${EndIf}
!macroend

; Stack in: parameters, then option (e.g. "/BACKENDURL="), option on top.
; Stack out: the value. The error flag is set when the option is absent.
; The option must follow a space or the start (so /XBACKENDURL= is not /BACKENDURL=); names
; compare case-insensitively, like NSIS's own /S.
!macro KEYHAVEN_GET_ARG_FUNCTION PREFIX
Function ${PREFIX}KeyhavenGetArg
  Exch $R1
  Exch
  Exch $R0
  Push $R2
  Push $R3
  Push $R4
  Push $R5
  StrCpy $R0 " $R0"
  StrCpy $R1 " $R1"
  StrLen $R4 $R1
  StrCpy $R2 0
  ${Do}
    StrCpy $R3 $R0 $R4 $R2
    ${If} $R3 == ""
      StrCpy $R0 ""
      Pop $R5
      Pop $R4
      Pop $R3
      Pop $R2
      Pop $R1
      Exch $R0
      SetErrors
      Return
    ${EndIf}
    ${If} $R3 == $R1
      ${Break}
    ${EndIf}
    IntOp $R2 $R2 + 1
  ${Loop}
  IntOp $R2 $R2 + $R4
  StrCpy $R0 $R0 "" $R2
  StrCpy $R3 $R0 1
  ${If} $R3 == '"'
    StrCpy $R0 $R0 "" 1
    StrCpy $R5 '"'
  ${Else}
    StrCpy $R5 " "
  ${EndIf}
  StrCpy $R2 0
  ${Do}
    StrCpy $R3 $R0 1 $R2
    ${If} $R3 == ""
    ${OrIf} $R3 == $R5
      ${Break}
    ${EndIf}
    IntOp $R2 $R2 + 1
  ${Loop}
  StrCpy $R0 $R0 $R2
  Pop $R5
  Pop $R4
  Pop $R3
  Pop $R2
  Pop $R1
  Exch $R0
  ClearErrors
FunctionEnd
!macroend

!ifndef BUILD_UNINSTALLER
  !insertmacro KEYHAVEN_GET_ARG_FUNCTION ""

  Var KeyhavenParams
  Var KeyhavenJson
  Var KeyhavenSep

  ; Stack in: a string. Stack out: the string escaped for a JSON string literal
  ; (backslash, double quote and tab; the command line cannot carry other control characters).
  Function KeyhavenJsonEscape
    Exch $R0
    Push $R1
    Push $R2
    Push $R3
    StrCpy $R1 ""
    StrCpy $R2 0
    ${Do}
      StrCpy $R3 $R0 1 $R2
      ${If} $R3 == ""
        ${Break}
      ${ElseIf} $R3 == '"'
        StrCpy $R1 '$R1\"'
      ${ElseIf} $R3 == '\'
        StrCpy $R1 '$R1\\'
      ${ElseIf} $R3 == "$\t"
        StrCpy $R1 '$R1\t'
      ${Else}
        StrCpy $R1 "$R1$R3"
      ${EndIf}
      IntOp $R2 $R2 + 1
    ${Loop}
    StrCpy $R0 $R1
    Pop $R3
    Pop $R2
    Pop $R1
    Exch $R0
  FunctionEnd

  !macro KEYHAVEN_JSON_ADD KEY VALUE
    StrCpy $KeyhavenJson '$KeyhavenJson$KeyhavenSep$\r$\n  "${KEY}": ${VALUE}'
    StrCpy $KeyhavenSep ","
  !macroend

  ; A string setting: copied, JSON-escaped.
  !macro KEYHAVEN_STRING_OPTION OPTION KEY
    Push $KeyhavenParams
    Push "${OPTION}"
    Call KeyhavenGetArg
    Pop $R1
    ${IfNot} ${Errors}
      Push $R1
      Call KeyhavenJsonEscape
      Pop $R1
      !insertmacro KEYHAVEN_JSON_ADD "${KEY}" '"$R1"'
    ${EndIf}
  !macroend

  ; A 0|1 switch becomes false|true; anything else is kept as a string so the app reports it
  ; ("launchAtStartup must be true or false, got "yes"") rather than guessing.
  !macro KEYHAVEN_BOOL_OPTION OPTION KEY
    Push $KeyhavenParams
    Push "${OPTION}"
    Call KeyhavenGetArg
    Pop $R1
    ${IfNot} ${Errors}
      ${If} $R1 == "1"
        !insertmacro KEYHAVEN_JSON_ADD "${KEY}" "true"
      ${ElseIf} $R1 == "0"
        !insertmacro KEYHAVEN_JSON_ADD "${KEY}" "false"
      ${Else}
        Push $R1
        Call KeyhavenJsonEscape
        Pop $R1
        !insertmacro KEYHAVEN_JSON_ADD "${KEY}" '"$R1"'
      ${EndIf}
    ${EndIf}
  !macroend

  !macro customInstall
    Push $R0
    Push $R1

    !insertmacro KEYHAVEN_FIND_PROGRAMDATA
    ; Only administrators may write the folder: otherwise any local user could plant a
    ; managed.json that points everyone's Keyhaven at their own server. SYSTEM and
    ; Administrators: full control; Users: read.
    CreateDirectory "${KEYHAVEN_CONFIG_DIR}"
    nsExec::Exec '"$SYSDIR\icacls.exe" "${KEYHAVEN_CONFIG_DIR}" /inheritance:r /grant:r *S-1-5-18:(OI)(CI)F *S-1-5-32-544:(OI)(CI)F *S-1-5-32-545:(OI)(CI)RX'
    Pop $R0

    ${GetParameters} $KeyhavenParams
    StrCpy $KeyhavenJson "{"
    StrCpy $KeyhavenSep ""
    !insertmacro KEYHAVEN_STRING_OPTION "/BACKENDURL=" "backendUrl"
    !insertmacro KEYHAVEN_STRING_OPTION "/SSODOMAIN=" "ssoDomain"
    !insertmacro KEYHAVEN_STRING_OPTION "/SSOCONNECTION=" "ssoConnection"
    !insertmacro KEYHAVEN_BOOL_OPTION "/AUTOSTART=" "launchAtStartup"
    !insertmacro KEYHAVEN_BOOL_OPTION "/STARTHIDDEN=" "startHidden"

    ${If} $KeyhavenSep != ""
      ClearErrors
      FileOpen $R0 "${KEYHAVEN_MANAGED_JSON}" w
      ${If} ${Errors}
        DetailPrint "Keyhaven: could not write ${KEYHAVEN_MANAGED_JSON}"
        SetErrorLevel 2
      ${Else}
        ; UTF-16LE with a byte order mark: NSIS's only lossless text output; Keyhaven reads it.
        FileWriteWord $R0 0xFEFF
        FileWriteUTF16LE $R0 "$KeyhavenJson$\r$\n}$\r$\n"
        FileClose $R0
        DetailPrint "Keyhaven: wrote ${KEYHAVEN_MANAGED_JSON}"
      ${EndIf}
    ${EndIf}

    ; /AUTOSTART=1 also starts Keyhaven at every user's next sign-in, before anyone has opened
    ; it (the app's own per-user login item only exists once it has run). /AUTOSTART=0 removes it.
    Push $KeyhavenParams
    Push "/AUTOSTART="
    Call KeyhavenGetArg
    Pop $R1
    ${IfNot} ${Errors}
      ${If} $R1 == "1"
        WriteRegStr HKLM "${KEYHAVEN_RUN_KEY}" "${PRODUCT_NAME}" '"$INSTDIR\${APP_EXECUTABLE_FILENAME}" --hidden'
      ${ElseIf} $R1 == "0"
        DeleteRegValue HKLM "${KEYHAVEN_RUN_KEY}" "${PRODUCT_NAME}"
      ${EndIf}
    ${EndIf}

    Pop $R1
    Pop $R0
  !macroend
!endif

!ifdef BUILD_UNINSTALLER
  !insertmacro KEYHAVEN_GET_ARG_FUNCTION "un."

  !macro customUnInstall
    ; An update runs the old uninstaller first: keep the organisation's settings then.
    ${ifNot} ${isUpdated}
      Push $R0
      Push $R1
      DeleteRegValue HKLM "${KEYHAVEN_RUN_KEY}" "${PRODUCT_NAME}"
      !insertmacro KEYHAVEN_FIND_PROGRAMDATA
      ${GetParameters} $R0
      Push $R0
      Push "/REMOVECONFIG="
      Call un.KeyhavenGetArg
      Pop $R1
      ${IfNot} ${Errors}
      ${AndIf} $R1 == "1"
        Delete "${KEYHAVEN_MANAGED_JSON}"
        RMDir "${KEYHAVEN_CONFIG_DIR}"
      ${EndIf}
      Pop $R1
      Pop $R0
    ${endIf}
  !macroend
!endif
