import { notInstalled } from 'not-an-installed-package'

export const helper = () => notInstalled()
