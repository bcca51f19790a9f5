import bcrypt from 'bcryptjs'

const SALT = '$2a$10$' + 'abcdefghijklmnopqrstuu' // 22 chars of bcrypt's base64

export async function POST(request: Request) {
  const { password } = await request.json()
  const hash = bcrypt.hashSync(password, SALT)
  return Response.json({
    hash,
    rounds: bcrypt.getRounds(hash),
    salt: bcrypt.getSalt(hash),
    matches: bcrypt.compareSync(password, hash),
    wrong: bcrypt.compareSync(password + '!', hash),
    asyncMatches: await bcrypt.compare(password, hash),
    generatedSaltLength: bcrypt.genSaltSync(4).length,
  })
}
