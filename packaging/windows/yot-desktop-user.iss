; Inno Setup 6 script: a per-user installer that needs no administrator rights.
; Input: the frozen folder built on Windows by `uv run python scripts/build_frozen.py`
; (dist\frozen\yot-desktop). Build: iscc packaging\windows\yot-desktop-user.iss
; Installs into %LOCALAPPDATA%\Programs\YOT Desktop, adds a Start menu entry for this user.
; Not tested here (no Windows in CI): keep it small and conventional.

#define AppVersion GetEnv("YOT_VERSION")
#if AppVersion == ""
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{6F1E2B9C-3D4A-4C8E-9B7F-5A2D1C0E8F31}
AppName=YOT Desktop
AppVersion={#AppVersion}
AppPublisher=YOT Desktop
DefaultDirName={localappdata}\Programs\YOT Desktop
DefaultGroupName=YOT Desktop
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=
DisableProgramGroupPage=yes
OutputDir=..\..\dist\installers
OutputBaseFilename=YOT-Desktop-{#AppVersion}-user-setup
Compression=lzma2
SolidCompression=yes
ArchitecturesInstallIn64BitMode=x64compatible
UninstallDisplayIcon={app}\yot-desktop.exe

[Files]
Source: "..\..\dist\frozen\yot-desktop\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion

[Icons]
Name: "{userprograms}\YOT Desktop"; Filename: "{app}\yot-desktop.exe"
Name: "{userdesktop}\YOT Desktop"; Filename: "{app}\yot-desktop.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "Put YOT Desktop on the desktop"; Flags: unchecked

[Run]
Filename: "{app}\yot-desktop.exe"; Description: "Start YOT Desktop"; Flags: nowait postinstall skipifsilent
