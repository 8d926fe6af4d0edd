//! Lambda runtimes and architectures, and Lambda's limits on memory,
//! timeout and ephemeral storage, with the macros that check them when the
//! program compiles (`memory!`, `timeout!`, `ephemeral_storage!`).

use std::time::Duration;

/// A Lambda runtime: Lambda's current managed runtimes, the ones Lambda has
/// deprecated (still accepted, with a compiler warning), and
/// [`Runtime::Other`] for one newer than this list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Runtime {
    #[deprecated(note = "Lambda deprecated python3.9 on 2025-12-15; use Runtime::Python313")]
    Python39,
    #[deprecated(note = "Lambda deprecated python3.10 on 2026-10-31; use Runtime::Python313")]
    Python310,
    Python311,
    Python312,
    Python313,
    Python314,
    #[deprecated(note = "Lambda deprecated nodejs18.x on 2025-09-01; use Runtime::Nodejs22")]
    Nodejs18,
    #[deprecated(note = "Lambda deprecated nodejs20.x on 2026-04-30; use Runtime::Nodejs22")]
    Nodejs20,
    Nodejs22,
    Nodejs24,
    /// `java8.al2`.
    Java8Al2,
    Java11,
    Java17,
    Java21,
    Java25,
    #[deprecated(note = "Lambda deprecated dotnet8 on 2026-11-10; use Runtime::Dotnet10")]
    Dotnet8,
    Dotnet10,
    #[deprecated(note = "Lambda deprecated ruby3.2 on 2026-03-31; use Runtime::Ruby34")]
    Ruby32,
    Ruby33,
    Ruby34,
    /// `ruby4.0`.
    Ruby40,
    #[deprecated(
        note = "Lambda deprecated provided.al2 on 2026-07-31; use Runtime::ProvidedAl2023"
    )]
    /// `provided.al2` (custom runtime, e.g. Rust or Go).
    ProvidedAl2,
    /// `provided.al2023` (custom runtime, e.g. Rust or Go).
    ProvidedAl2023,
    /// A runtime identifier this version of stackwright does not list yet.
    Other(&'static str),
}

#[allow(deprecated)] // the deprecated runtimes still need their names
impl Runtime {
    /// Lambda's identifier for the runtime (`python3.12`).
    pub fn name(self) -> &'static str {
        match self {
            Runtime::Python39 => "python3.9",
            Runtime::Python310 => "python3.10",
            Runtime::Python311 => "python3.11",
            Runtime::Python312 => "python3.12",
            Runtime::Python313 => "python3.13",
            Runtime::Python314 => "python3.14",
            Runtime::Nodejs18 => "nodejs18.x",
            Runtime::Nodejs20 => "nodejs20.x",
            Runtime::Nodejs22 => "nodejs22.x",
            Runtime::Nodejs24 => "nodejs24.x",
            Runtime::Java8Al2 => "java8.al2",
            Runtime::Java11 => "java11",
            Runtime::Java17 => "java17",
            Runtime::Java21 => "java21",
            Runtime::Java25 => "java25",
            Runtime::Dotnet8 => "dotnet8",
            Runtime::Dotnet10 => "dotnet10",
            Runtime::Ruby32 => "ruby3.2",
            Runtime::Ruby33 => "ruby3.3",
            Runtime::Ruby34 => "ruby3.4",
            Runtime::Ruby40 => "ruby4.0",
            Runtime::ProvidedAl2 => "provided.al2",
            Runtime::ProvidedAl2023 => "provided.al2023",
            Runtime::Other(s) => s,
        }
    }

    /// Whether Lambda SnapStart supports the runtime (Java 11 and later,
    /// Python 3.12 and later, .NET 8 and later). A runtime given as
    /// [`Runtime::Other`] is assumed to.
    pub fn supports_snap_start(self) -> bool {
        !matches!(
            self,
            Runtime::Python39
                | Runtime::Python310
                | Runtime::Python311
                | Runtime::Nodejs18
                | Runtime::Nodejs20
                | Runtime::Nodejs22
                | Runtime::Nodejs24
                | Runtime::Java8Al2
                | Runtime::Ruby32
                | Runtime::Ruby33
                | Runtime::Ruby34
                | Runtime::Ruby40
                | Runtime::ProvidedAl2
                | Runtime::ProvidedAl2023
        )
    }
}

/// CPU architecture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Architecture {
    X86_64,
    Arm64,
}

impl Architecture {
    /// Lambda's name for the architecture (`arm64`).
    pub fn name(self) -> &'static str {
        match self {
            Architecture::X86_64 => "x86_64",
            Architecture::Arm64 => "arm64",
        }
    }
}

/// Lambda's memory range, in MB.
pub const MEMORY_MB: std::ops::RangeInclusive<u32> = 128..=10_240;
/// Lambda's timeout range, in seconds.
pub const TIMEOUT_SECS: std::ops::RangeInclusive<u64> = 1..=900;
/// Lambda's ephemeral storage (`/tmp`) range, in MB.
pub const EPHEMERAL_STORAGE_MB: std::ops::RangeInclusive<u32> = 512..=10_240;

/// Used by [`memory!`](crate::memory): the value, or a compile error.
#[doc(hidden)]
pub const fn __memory(mb: u32) -> u32 {
    if mb < *MEMORY_MB.start() || mb > *MEMORY_MB.end() {
        panic!("memory!: a Lambda function has 128 to 10240 MB of memory");
    }
    mb
}

/// Used by [`timeout!`](crate::timeout): the value, or a compile error.
#[doc(hidden)]
pub const fn __timeout(secs: u64) -> Duration {
    if secs < *TIMEOUT_SECS.start() || secs > *TIMEOUT_SECS.end() {
        panic!("timeout!: a Lambda function's timeout is 1 to 900 seconds");
    }
    Duration::from_secs(secs)
}

/// Used by [`ephemeral_storage!`](crate::ephemeral_storage): the value, or a compile error.
#[doc(hidden)]
pub const fn __ephemeral_storage(mb: u32) -> u32 {
    if mb < *EPHEMERAL_STORAGE_MB.start() || mb > *EPHEMERAL_STORAGE_MB.end() {
        panic!("ephemeral_storage!: a Lambda function has 512 to 10240 MB of ephemeral storage");
    }
    mb
}

/// A function's memory in MB, checked when the program compiles:
/// `memory!(512)` is `512u32`, `memory!(20000)` does not compile.
/// For a value known only at run time use `Function::memory_size(mb)`, which
/// reports it at synth.
#[macro_export]
macro_rules! memory {
    ($mb:expr) => {{
        const MB: u32 = $crate::dsl::function::__memory($mb);
        MB
    }};
}

/// A function's timeout in seconds, checked when the program compiles:
/// `timeout!(30)` is a `Duration` of 30 s, `timeout!(901)` does not compile.
#[macro_export]
macro_rules! timeout {
    ($secs:expr) => {{
        const T: ::std::time::Duration = $crate::dsl::function::__timeout($secs);
        T
    }};
}

/// A function's ephemeral storage in MB, checked when the program compiles:
/// `ephemeral_storage!(1024)` is `1024u32`, `ephemeral_storage!(100)` does not compile.
#[macro_export]
macro_rules! ephemeral_storage {
    ($mb:expr) => {{
        const MB: u32 = $crate::dsl::function::__ephemeral_storage($mb);
        MB
    }};
}
