; Inno Setup 6 script: the sbpdesk installer a branch IT officer hands to every commune laptop.
; Build (on Windows, after the PyInstaller build; docs/windows.md says every step):
;   iscc /DAppVersion=0.2.0 packaging\windows\sbpdesk.iss
; Input: dist\sbpdesk\ (packaging/sbpdesk.spec). Output: dist\installer\sbpdesk-setup-<version>.exe
;
; - per-machine: installs into Program Files for every user of the laptop (administrator);
; - Start-menu and desktop entries in Vietnamese; `.sbpbundle` files open in sbpdesk;
; - the book is NOT here: it lives in each user's data folder
;   (%LOCALAPPDATA%\NHCSXH\sbpdesk, sbpdesk/paths.py), which this installer never writes,
;   and which uninstalling or upgrading leaves alone. An upgrade replaces the program files
;   only; the new program backs the book up before migrating it, at its first start.
; This file is UTF-8 with a byte-order mark (Inno Setup then reads the Vietnamese right).

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=X.Y.Z (sbpdesk-cli --version prints it)
#endif
#define AppName "sbpdesk"
#define AppTitle "sbpdesk – Điểm giao dịch NHCSXH"
#define Publisher "Ngân hàng Chính sách xã hội (NHCSXH)"
#define Dist "..\..\dist\sbpdesk"

[Setup]
; Never change AppId: upgrades find the installed copy by it.
AppId={{6F1C2B8E-5D4A-4E63-9A57-0B8E3C1D7F42}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppTitle} {#AppVersion}
AppPublisher={#Publisher}
DefaultDirName={autopf}\NHCSXH\sbpdesk
DefaultGroupName=NHCSXH sbpdesk
DisableProgramGroupPage=yes
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\dist\installer
OutputBaseFilename=sbpdesk-setup-{#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
UninstallDisplayIcon={app}\sbpdesk.exe
UninstallDisplayName={#AppTitle}
; Tell Explorer about the .sbpbundle association
ChangesAssociations=yes
; Close a running sbpdesk before replacing its files (the book is committed on every post)
CloseApplications=yes
RestartApplications=no
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
; Signing: iscc /DAppVersion=… "/Ssigntool=signtool sign /fd SHA256 /tr http://timestamp.digicert.com /td SHA256 /a $f"
; together with the line below (docs/windows.md, "Sign").
#ifdef Sign
SignTool=signtool
SignedUninstaller=yes
#endif

[Languages]
; Vietnamese.isl is an unofficial Inno Setup translation: put it beside this script
; (docs/windows.md). Without it the wizard's own buttons are in English; every text this
; script sets (entries, task, association) is Vietnamese either way.
#if FileExists(AddBackslash(SourcePath) + "Vietnamese.isl")
Name: "vi"; MessagesFile: "Vietnamese.isl"
#else
Name: "vi"; MessagesFile: "compiler:Default.isl"
#endif

[CustomMessages]
vi.DesktopIcon=Tạo biểu tượng trên màn hình nền
vi.Icons=Biểu tượng:
vi.RunNow=Mở sbpdesk ngay
vi.BundleType=Gói đồng bộ sbpdesk
vi.SelfTest=Tự kiểm tra bản cài sbpdesk

[Tasks]
Name: "desktopicon"; Description: "{cm:DesktopIcon}"; GroupDescription: "{cm:Icons}"

[InstallDelete]
; An upgrade must not leave modules of the previous build beside the new ones.
; (Program files only: the data folder is elsewhere and never touched.)
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#Dist}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppTitle}"; Filename: "{app}\sbpdesk.exe"; Comment: "Phần mềm điểm giao dịch xã của NHCSXH"
Name: "{group}\{cm:SelfTest}"; Filename: "{cmd}"; Parameters: "/k ""{app}\sbpdesk-cli.exe"" selftest"; Comment: "Kiểm tra bản cài: sổ thử, biên lai, cửa sổ, gói đồng bộ (không đụng đến sổ thật)"
Name: "{group}\Giấy phép các thành phần"; Filename: "{app}\LICENCES.txt"
Name: "{group}\Gỡ cài đặt sbpdesk"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppTitle}"; Filename: "{app}\sbpdesk.exe"; Tasks: desktopicon; Comment: "Phần mềm điểm giao dịch xã của NHCSXH"

[Registry]
; .sbpbundle → sbpdesk.exe "FILE": the program opens its sync page on the bundle's folder.
Root: HKA; Subkey: "Software\Classes\.sbpbundle"; ValueType: string; ValueName: ""; ValueData: "NHCSXH.sbpdesk.bundle"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\NHCSXH.sbpdesk.bundle"; ValueType: string; ValueName: ""; ValueData: "{cm:BundleType}"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\NHCSXH.sbpdesk.bundle\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\sbpdesk.exe,0"
Root: HKA; Subkey: "Software\Classes\NHCSXH.sbpdesk.bundle\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\sbpdesk.exe"" ""%1"""

[Run]
Filename: "{app}\sbpdesk.exe"; Description: "{cm:RunNow}"; Flags: nowait postinstall skipifsilent unchecked

; No [UninstallDelete] and no [Dirs] for the data folder, on purpose: the book, its backups
; and logs stay in %LOCALAPPDATA%\NHCSXH\sbpdesk of each user after uninstalling.
