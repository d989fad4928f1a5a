//! Ids for new annotations.

/// A random UUID (v4 layout). `crypto.randomUUID` needs a secure context,
/// which a page served on a LAN address is not, so this uses `Math.random`.
pub fn new_id() -> String {
    let mut hex: Vec<char> = (0..32)
        .map(|_| char::from_digit((js_sys::Math::random() * 16.0) as u32 & 15, 16).unwrap_or('0'))
        .collect();
    hex[12] = '4';
    hex[16] = ['8', '9', 'a', 'b'][(js_sys::Math::random() * 4.0) as usize & 3];
    let hex: String = hex.into_iter().collect();
    format!("{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..])
}
