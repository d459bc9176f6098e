#Requires -Version 5.1
<#
.SYNOPSIS
    Installs aksedge-wizard from this offline bundle: no internet needed.
.DESCRIPTION
    Creates a virtual environment (default %LOCALAPPDATA%\aksedge-wizard\venv), installs the wizard and its
    dependencies from the wheels beside this script only (pip --no-index), and puts a launcher,
    aksedge-wizard.cmd, in %LOCALAPPDATA%\aksedge-wizard\bin, which is added to your user PATH.
    Needs Python 3.11 or newer (the python.org installer; `py` or `python` on PATH, or -Python).
.EXAMPLE
    powershell -ExecutionPolicy Bypass -File .\install.ps1
#>
[CmdletBinding()]
param(
    [string]$Python = '',
    [string]$Destination = (Join-Path $env:LOCALAPPDATA 'aksedge-wizard')
)
$ErrorActionPreference = 'Stop'
$here = Split-Path -Parent $MyInvocation.MyCommand.Path
$wheels = Join-Path $here 'wheels'

# Which Python: -Python, else the py launcher, else python on PATH.
$pyExe = $null
$pyArgs = @()
if ($Python) {
    $pyExe = $Python
} elseif (Get-Command 'py' -ErrorAction SilentlyContinue) {
    $pyExe = 'py'
    $pyArgs = @('-3')
} elseif (Get-Command 'python' -ErrorAction SilentlyContinue) {
    $pyExe = 'python'
} else {
    throw 'Python 3.11 or newer is needed: install it from python.org, then run install.ps1 again (or pass -Python C:\path\to\python.exe).'
}
& $pyExe @pyArgs -c 'import sys; raise SystemExit(0 if sys.version_info >= (3, 11) else 1)'
if ($LASTEXITCODE -ne 0) {
    throw "aksedge-wizard needs Python 3.11 or newer; $pyExe is older. Pass -Python C:\path\to\python.exe."
}

$venv = Join-Path $Destination 'venv'
& $pyExe @pyArgs -m venv $venv
if ($LASTEXITCODE -ne 0) { throw "Could not create the virtual environment in $venv." }
$venvPython = Join-Path $venv 'Scripts\python.exe'
& $venvPython -m pip install --no-index --find-links $wheels --upgrade aksedge-wizard
if ($LASTEXITCODE -ne 0) { throw 'pip could not install from the bundle: is the wheels folder complete for this Python version?' }

$bin = Join-Path $Destination 'bin'
New-Item -ItemType Directory -Force -Path $bin | Out-Null
$launcher = Join-Path $bin 'aksedge-wizard.cmd'
# Relative to the launcher's own folder (%~dp0): ASCII whatever the user's name, and it survives a move.
Set-Content -Path $launcher -Encoding Ascii -Value '@"%~dp0..\venv\Scripts\aksedge-wizard.exe" %*'

$userPath = [Environment]::GetEnvironmentVariable('Path', 'User')
if (-not (($userPath -split ';') -contains $bin)) {
    $parts = @($userPath -split ';' | Where-Object { $_ }) + $bin
    [Environment]::SetEnvironmentVariable('Path', ($parts -join ';'), 'User')
}
if (-not (($env:Path -split ';') -contains $bin)) { $env:Path = "$env:Path;$bin" }
Write-Host "Installed. Run: aksedge-wizard  (a new PowerShell window finds it on PATH; this one already does)"
& $launcher --version
