/**
 * Passwords and password fragments that top every breach list (RockYou, HIBP top-N) plus the
 * words people build passwords from. Small on purpose: enough for the strength meter to call
 * "Password2024!" weak without shipping a large dictionary.
 */
export const COMMON_PASSWORD_WORDS: readonly string[] = [
  'password', 'passw0rd', 'qwerty', 'qwertyuiop', 'asdfgh', 'asdfghjkl', 'zxcvbn', 'letmein', 'welcome',
  'admin', 'administrator', 'login', 'iloveyou', 'dragon', 'monkey', 'master', 'shadow', 'sunshine',
  'princess', 'football', 'baseball', 'soccer', 'hockey', 'superman', 'batman', 'trustno', 'whatever',
  'freedom', 'hello', 'charlie', 'jordan', 'michael', 'jennifer', 'hunter', 'killer', 'pokemon',
  'starwars', 'secret', 'summer', 'winter', 'spring', 'autumn', 'flower', 'cookie', 'chocolate',
  'computer', 'internet', 'google', 'facebook', 'linkedin', 'dropbox', 'company', 'changeme', 'default',
  'access', 'mustang', 'ginger', 'buster', 'tigger', 'pepper', 'maggie', 'ashley', 'bailey', 'thomas',
  'daniel', 'andrew', 'joshua', 'matthew', 'robert', 'orange', 'banana', 'cheese', 'lovely', 'angel',
  'loveme', 'family', 'friends', 'forever', 'money', 'silver', 'golden', 'diamond', 'purple', 'yellow',
  'blue', 'love', 'test', 'guest', 'user', 'root', 'keyhaven', 'vault', 'abc', 'qazwsx', 'zaq12wsx',
  'monday', 'friday', 'january', 'december', 'london', 'paris', 'berlin', 'america', 'canada',
];
